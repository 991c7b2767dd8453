package demo

import (
	"math/rand/v2"
	"slices"
)

// Officers' names are drawn from given names and surnames common across the
// UK's communities, combined at random so that no list entry is a person.
// A random pairing can still land on a famous name; those are refused (see
// famous).

var officerGiven = []string{
	"James", "Sarah", "Mohammed", "Priya", "Daniel", "Emma", "Olivia", "Aisha",
	"Connor", "Niamh", "Siobhan", "Rhys", "Gareth", "Megan", "Ffion", "Callum",
	"Eilidh", "Fraser", "Kirsty", "Hamish", "Tariq", "Nadia", "Yasmin", "Ravi",
	"Anjali", "Sunil", "Kwame", "Chidi", "Grace", "Femi", "Tomasz", "Katarzyna",
	"Marek", "Agnieszka", "Mei", "Hannah", "Jack", "Thomas", "Lucy", "Chloe",
	"Ryan", "Liam", "Zara", "Sophie", "Adam", "Ben", "Kate", "Rachel", "Michael",
	"David", "Paul", "Claire", "Helen", "Joanne", "Mark", "Stephen", "Andrew",
	"Gemma", "Laura", "Natalie", "Samira", "Hassan", "Bilal", "Harjit", "Manjit",
	"Deborah", "Abena", "Tendai", "Owen", "Carys", "Declan", "Aoife", "Ciaran",
	"Shauna", "Kieran", "Lewis", "Morag", "Ross", "Jasmine", "Leanne", "Darren",
	"Nicola", "Sanjay", "Meera", "Dev", "Amara", "Joseph", "Ruth", "Imogen",
}

var officerSurname = []string{
	"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
	"Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts",
	"Green", "Hall", "Wood", "Jackson", "Clarke", "Patel", "Khan", "Ahmed",
	"Hussain", "Begum", "Ali", "Shah", "Kaur", "Singh", "Sharma", "Okafor",
	"Mensah", "Adeyemi", "Campbell", "MacDonald", "Stewart", "Murray", "Fraser",
	"Reid", "O'Brien", "Murphy", "Kelly", "Byrne", "Doyle", "Nowak", "Kowalski",
	"Chen", "Wong", "Lee", "Francis", "Henry", "Bailey", "Edwards", "Hughes",
	"Lewis", "Morgan", "Griffiths", "Price", "Rees", "Powell", "Bhatti", "Sandhu",
	"Gill", "Mahmood", "Iqbal", "Osei", "Boateng", "Nwosu", "Grant", "Lynch",
	"McLaughlin", "Quinn", "Gallagher", "Hamilton", "Sinclair", "Douglas",
	"Pritchard", "Vaughan", "Llewellyn", "Howells", "Mistry", "Chauhan", "Parmar",
	"Farah", "Abdi", "Yusuf", "Lewandowski", "Wisniewska", "Baptiste", "Joseph",
}

// famous are public figures' names that a random pairing of the lists here
// could produce. A demo must never show a real person as an officer or a
// suspect; this list is a best effort at the well-known ones.
var famous = []string{
	"James Brown", "Michael Jackson", "Adam Smith", "Paul Walker", "Mark Wright",
	"David Jones", "Thomas Jones", "Ben White", "Jack White", "Mohammed Ali",
	"Kate Walker", "Jack Grant", "Callum Wilson", "Michael Green", "David Walker",
	"Andrew Murray", "Lewis Hamilton", "David Lee", "Andrew Robinson", "Stephen Lee",
	"Ryan Evans", "Joseph Chen", "Helen Grant", "Laura Kelly", "Emma Walker",
	"David Gill", "Hassan Ali", "Bilal Khan", "Mohammed Khan", "Sarah Khan",
	"Adam Price", "Claire Wright", "Darren Campbell", "Wei Wang", "Paul Smith",
	"Mark Williams", "Ben Davies", "Lucy Powell", "Grace Jones", "Adam Johnson",
	"Mark Hughes", "James Taylor", "Rachel Green", "Paul Robinson", "Kate Murray",
}

func isFamous(name string) bool { return slices.Contains(famous, name) }

// officerName draws a name that is neither famous nor already used, so two
// officers in a list are never confused.
func officerName(r *rand.Rand, used map[string]bool) string {
	for {
		n := pick(r, officerGiven) + " " + pick(r, officerSurname)
		if !isFamous(n) && !used[n] {
			used[n] = true
			return n
		}
	}
}

// A nationality with given names and surnames usual in that country, so a
// subject's name and nationality agree. Weights follow, roughly, the
// nationalities most often met on illegal-working visits; they are drawn
// independently of the sector and region, so the demo does not invent a
// link between a community and a trade.
type nationality struct {
	name    string
	weight  int
	given   []string
	surname []string
}

var nationalities = []nationality{
	{"Indian", 14, []string{"Arjun", "Rahul", "Vikram", "Sandeep", "Harpreet", "Gurpreet", "Manpreet", "Priya", "Sunita", "Rajesh", "Anil", "Deepak"},
		[]string{"Sharma", "Patel", "Singh", "Kumar", "Gill", "Reddy", "Nair", "Chauhan", "Verma", "Joshi"}},
	{"Bangladeshi", 10, []string{"Rahim", "Karim", "Shahid", "Jamal", "Rashed", "Mizanur", "Nasrin", "Shirin", "Habib", "Alamgir"},
		[]string{"Miah", "Uddin", "Ahmed", "Hossain", "Rahman", "Islam", "Begum", "Chowdhury", "Ali", "Sarkar"}},
	{"Pakistani", 9, []string{"Usman", "Bilal", "Faisal", "Kamran", "Zeeshan", "Ayesha", "Sana", "Adnan", "Tariq", "Waqas"},
		[]string{"Butt", "Malik", "Chaudhry", "Qureshi", "Raza", "Iqbal", "Javed", "Aslam", "Anwar", "Mirza"}},
	{"Chinese", 10, []string{"Wei", "Jun", "Hao", "Lei", "Ming", "Xiaoling", "Yan", "Fang", "Jie", "Qiang"},
		[]string{"Wang", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Lin", "Zhou"}},
	{"Vietnamese", 9, []string{"Minh", "Tuan", "Hung", "Duc", "Thanh", "Lan", "Huong", "Linh", "Quang", "Hai"},
		[]string{"Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui", "Do", "Ngo"}},
	{"Albanian", 9, []string{"Arben", "Besnik", "Dritan", "Ermal", "Fatos", "Gentian", "Klodian", "Ardit", "Elira", "Blerim"},
		[]string{"Krasniqi", "Gashi", "Shehu", "Dervishi", "Leka", "Marku", "Kola", "Basha", "Cela", "Hasani"}},
	{"Brazilian", 6, []string{"Lucas", "Gabriel", "Rafael", "Thiago", "Mateus", "Juliana", "Fernanda", "Camila", "Bruno", "Diego"},
		[]string{"Santos", "Oliveira", "Souza", "Pereira", "Rodrigues", "Almeida", "Ferreira", "Lima", "Carvalho", "Barbosa"}},
	{"Nigerian", 6, []string{"Chinedu", "Emeka", "Oluwaseun", "Tunde", "Ifeanyi", "Ngozi", "Funmilayo", "Adebayo", "Chiamaka", "Kelechi"},
		[]string{"Okafor", "Adeyemi", "Okonkwo", "Balogun", "Eze", "Nwosu", "Ogunleye", "Adewale", "Obi", "Afolabi"}},
	{"Turkish", 5, []string{"Mehmet", "Mustafa", "Ahmet", "Emre", "Murat", "Hasan", "Serkan", "Elif", "Zeynep", "Burak"},
		[]string{"Yilmaz", "Kaya", "Demir", "Sahin", "Celik", "Yildiz", "Aydin", "Ozturk", "Arslan", "Dogan"}},
	{"Iraqi", 6, []string{"Karwan", "Rebin", "Hawre", "Dilan", "Shvan", "Aram", "Hemin", "Sherzad"},
		[]string{"Mohammed", "Hussein", "Abdullah", "Karim", "Aziz", "Rashid", "Salih", "Omar"}},
	{"Iranian", 3, []string{"Reza", "Mohsen", "Dariush", "Mehdi", "Parisa", "Omid", "Babak", "Navid"},
		[]string{"Hosseini", "Rezaei", "Mohammadi", "Karimi", "Ahmadi", "Jafari", "Moradi", "Rahimi"}},
	{"Afghan", 2, []string{"Farid", "Hamid", "Jawad", "Naveed", "Sami", "Wahid"},
		[]string{"Ahmadzai", "Popal", "Sultani", "Hakimi", "Noori", "Safi"}},
	{"Egyptian", 3, []string{"Mahmoud", "Omar", "Youssef", "Tarek", "Hany", "Sherif"},
		[]string{"Hassan", "Ibrahim", "Mostafa", "Saleh", "Farouk", "Naguib"}},
	{"Sri Lankan", 4, []string{"Nuwan", "Chaminda", "Kasun", "Tharindu", "Dilshan", "Sanjeewa"},
		[]string{"Perera", "Fernando", "Wickramasinghe", "Gunawardena", "Bandara", "Herath"}},
	{"Ghanaian", 2, []string{"Kwabena", "Yaw", "Akua", "Ama", "Esi", "Kojo"},
		[]string{"Mensah", "Owusu", "Asante", "Appiah", "Agyeman", "Darko"}},
	{"Zimbabwean", 2, []string{"Tendai", "Tatenda", "Farai", "Rutendo", "Chipo", "Tafadzwa"},
		[]string{"Moyo", "Ncube", "Dube", "Sibanda", "Mutasa", "Chikwanha"}},
	{"Romanian", 2, []string{"Andrei", "Ionut", "Florin", "Mihai", "Elena", "Ioana", "Cristian", "Bogdan"},
		[]string{"Popescu", "Ionescu", "Popa", "Stan", "Dumitru", "Constantin", "Marin", "Stoica"}},
}

var nationalityWeights = func() weighted {
	ws := make([]int, len(nationalities))
	for i, n := range nationalities {
		ws[i] = n.weight
	}
	return newWeighted(ws...)
}()

// subjectName draws a nationality and a name usual for it.
func subjectName(r *rand.Rand) (name, nat string) {
	n := nationalities[nationalityWeights.pick(r)]
	for {
		name = pick(r, n.given) + " " + pick(r, n.surname)
		if !isFamous(name) {
			return name, n.name
		}
	}
}
